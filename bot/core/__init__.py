"""Pure lesson rules: content, checks, engine. No Discord, no SQL, no processes."""
