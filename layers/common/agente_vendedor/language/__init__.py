"""Spanish text, no database: normalisation, words, quantities, dialogue acts, IDs, phones, customer data, lexicon."""
