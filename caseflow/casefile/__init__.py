"""电子卷宗 (electronic case file: export, import) and 归档 (archiving a closed case, read-only)."""
