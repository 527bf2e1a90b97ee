"""Limits a lesson must respect so every text fits where Discord will show it.

Checked when content loads, so a lesson that would be cut off or rejected by Discord never
ships. Renderers may import these too, to lay out embeds the way the loader assumed.
"""

from __future__ import annotations

import re

# Ids travel inside Discord custom_ids (<= 100 chars, together with other parts).
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
ID_RULE = "lowercase letters, digits and '-', starting with a letter or digit, at most 50 long"

PACKAGE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# Discord embed limits.
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD_VALUE = 1024
EMBED_FIELDS = 25
EMBED_TOTAL = 6000
BUTTON_LABEL = 80
MAX_OPTIONS = 5  # one action row of buttons
MIN_OPTIONS = 2

# Step titles are shown as "Step 2/4 · <title>" in an embed title.
STEP_TITLE = EMBED_TITLE - 32
# Starter code pre-fills a modal text input (value <= 4,000); a solution is shown the same way.
CODE = 4000
# A question members write (the server's bank) must read as one chat message.
MEMBER_PROMPT = 2000
MEMBER_CODE = 1500  # what a daily post shows of a question's code (quiz_render.question_body)
TRACK = 50
TAG = 50
