"""Outside services behind small interfaces: AWS clients, secrets, staff auth, CloudFormation, storage, the LLM."""
