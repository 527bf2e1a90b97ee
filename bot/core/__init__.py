"""The core: pure lesson rules in rooms of their own. No Discord, no SQL, no processes.

    content   the lesson model and loading it from YAML
    checks    what a check is and how claimed learner values are judged
    lessons   TutorEngine: guided steps, progress, outcomes
    quiz      QuestionEngine: practice and tests
    daily     the daily quiz's schedule, picks, tallies and streaks
    ports     the Protocols adapters implement and the values/errors that cross them

docs/architecture.md draws the arrows between them and follows one submission through.
"""
