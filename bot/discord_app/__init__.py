"""The Discord surface: slash commands, buttons and DM study sessions over `TutorEngine`.

Named `discord_app` so it is never confused with the `discord` library. It is handed its
services (engine, catalog, executor) by the composition root; nothing here builds them.
Not here: deciding whether an answer is right (`bot.core`), SQL, or running code.
"""
