"""Limits that more than one domain keeps, so each is written once."""

# One DynamoDB transaction holds at most 100 actions: a stock update and a cart delete per line,
# plus the order and its idempotency key. A cart holds no more lines than one order can, and both
# backends keep the same limit so they behave alike.
MAX_ORDER_LINES = 49
