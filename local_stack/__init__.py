"""The local stack: ``python -m local_stack.dev`` runs the serverless app on 127.0.0.1 without Docker or AWS."""
