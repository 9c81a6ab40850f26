"""The WebSocket chat: protocol frames, connections, push, admission, chunks, idempotency, chat control."""
