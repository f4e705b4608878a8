"""The meeting as a document: one page or slide per section (HTML, PDF, PPTX), and mail."""
