"""Legal documents (文书): templates per document type, 文号, GB/T 9704 PDF and DOCX, issued copies kept immutably."""
