"""The Home tab: the latest shared articles, the week's most quoted speakers, the quotes credited to different
people, and how to use QuoteBot; published afresh each time someone opens it."""
from bot.lookup import overview
from handlers.slack import blocks


def app_home_opened(event, client, context):
    if event.get("tab") != "home":  # the Messages tab opens too
        return
    client.views_publish(user_id=event["user"], view=blocks.home_view(overview(context["store"], context.team_id)))
