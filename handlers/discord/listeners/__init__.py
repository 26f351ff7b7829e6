"""What the bot answers on Discord, one module per purpose: shared links, `/quotes`, `/quotebot`, and the
"Extract quotes" message menu."""
