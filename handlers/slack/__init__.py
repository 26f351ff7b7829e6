"""The Slack front end: parse Slack's requests, call the core, render the answers."""
