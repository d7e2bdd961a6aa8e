//! # markwatch-ingest
//!
//! Readers for trademark records: JSONL, CSV, WIPO ST.66 and ST.96 XML.
