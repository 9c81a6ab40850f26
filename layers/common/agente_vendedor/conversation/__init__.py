"""The agent: classifier, product requests, sale flow, replies, company knowledge, session memory, turn, intents."""
