"""Staff exports: CSV reports streamed from PostgreSQL (COPY) into the exports storage, and the nightly full report."""
