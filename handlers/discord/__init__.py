"""The Discord front end: parse Discord's events and interactions, call the core, render the answers."""


def workspace_id(guild_id: int) -> str:
    """A Discord server's workspace in the store. Slack team ids never contain a colon, so none is the same."""
    return f"discord:{guild_id}"


def is_discord(workspace: str) -> bool:
    return workspace.startswith("discord:")
