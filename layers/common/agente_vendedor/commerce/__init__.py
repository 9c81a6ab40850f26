"""The business data: catalogue, customers, orders, sales, company, audit events."""
