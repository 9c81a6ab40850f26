"""Product search: search document, needs, vocabulary, query analysis, candidates, ranking, embeddings, retrieval."""
