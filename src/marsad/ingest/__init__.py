"""Reading articles from text, HTML, JSON/JSONL, feeds and WARC into `Document`s."""

from marsad.ingest.reader import (
    ReadFailure,
    document_from_record,
    from_string,
    read_path,
    read_text_file,
)

__all__ = ["ReadFailure", "document_from_record", "from_string", "read_path", "read_text_file"]
