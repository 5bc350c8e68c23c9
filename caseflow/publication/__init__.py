"""Online publication of decisions (ARL Art. 79, legal-reference §1.13, §8.10): redaction, review, approval, the
published-copy table and the public portal that reads only it."""
