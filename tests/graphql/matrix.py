"""The authorization matrix's table: every GraphQL operation, and which kinds of caller may run it.

Used by tests/graphql/test_authorization.py (every caller kind) and test_cognito.py (Cognito users);
the `world` fixture in conftest.py makes the items the documents name.
"""

from __future__ import annotations

CALLERS = ["anonymous", "api_key", "customer", "other_customer", "staff_without_permission", "staff"]
USERS = {"customer", "other_customer", "staff_without_permission", "staff"}
PUBLIC = set(CALLERS) - {"anonymous"}

# name, type, document ({product}, {category}, {item}, {order} are filled in), who is allowed.
OPERATIONS = [
    ("listProducts", "Query", "{ listProducts { items { id } nextToken } }", PUBLIC),
    ("getProduct", "Query", '{ getProduct(id: "{product}") { id } }', PUBLIC),
    ("listCategories", "Query", "{ listCategories { items { id } } }", PUBLIC),
    ("getCategory", "Query", '{ getCategory(id: "{category}") { id } }', PUBLIC),
    ("listCartItems", "Query", "{ listCartItems { items { id productId userId } } }", USERS),
    ("getCartItem", "Query", '{ getCartItem(id: "{item}") { id } }', USERS),
    ("listOrders", "Query", "{ listOrders { items { id customerEmail } } }", USERS),
    ("getOrder", "Query", '{ getOrder(id: "{order}") { id } }', USERS),
    ("createCartItem", "Mutation",
     'mutation { createCartItem(input: {productId: "{product}", quantity: 1}) { id } }', USERS),
    ("updateCartItem", "Mutation", 'mutation { updateCartItem(input: {id: "{item}", quantity: 3}) { id } }', USERS),
    ("deleteCartItem", "Mutation", 'mutation { deleteCartItem(input: {id: "{item}"}) { id } }', USERS),
    ("createOrder", "Mutation",
     'mutation { createOrder(input: {customerEmail: "x@example.com", customerName: "X", shippingAddress: "1 Road",'
     ' items: "[{\\"productId\\": \\"{product}\\", \\"quantity\\": 1}]"}) { id } }', USERS),
    ("updateOrder", "Mutation", 'mutation { updateOrder(input: {id: "{order}", status: PAID}) { status } }', {"staff"}),
    ("createProduct", "Mutation",
     'mutation { createProduct(input: {name: "New", price: 2.5, categoryId: "{category}"}) { id } }', {"staff"}),
    ("updateProduct", "Mutation", 'mutation { updateProduct(input: {id: "{product}", price: 1.25}) { id } }',
     {"staff"}),
    ("deleteProduct", "Mutation", 'mutation { deleteProduct(input: {id: "{other_product}"}) { id } }', {"staff"}),
    ("createCategory", "Mutation", 'mutation { createCategory(input: {name: "Garden"}) { id } }', {"staff"}),
    ("updateCategory", "Mutation", 'mutation { updateCategory(input: {id: "{category}", name: "Cooking"}) { id } }',
     {"staff"}),
    ("deleteCategory", "Mutation", 'mutation { deleteCategory(input: {id: "{empty_category}"}) { id } }', {"staff"}),
    ("me", "Query", "{ me { id username } }", USERS),
    ("productsByCategoryAndPrice", "Query",
     '{ productsByCategoryAndPrice(categoryId: "{category}", sortDirection: DESC) { items { id } } }', PUBLIC),
    ("productsByCategoryAndCreatedAt", "Query",
     '{ productsByCategoryAndCreatedAt(categoryId: "{category}", createdAt: {ge: "2020"}) { items { id } } }',
     PUBLIC),
    ("ordersByCustomerEmailAndCreatedAt", "Query",
     '{ ordersByCustomerEmailAndCreatedAt(customerEmail: "ada@example.com") { items { id } } }', USERS),
    ("ordersByStatusAndCreatedAt", "Query",
     "{ ordersByStatusAndCreatedAt(status: PENDING, sortDirection: DESC) { items { id } } }", USERS),
    ("updateProduct", "Mutation",
     'mutation { updateProduct(input: {id: "{product}", price: 1.5}, condition: {price: {gt: 1}}) { id } }',
     {"staff"}),
    ("createCartItem", "Mutation",
     'mutation { createCartItem(input: {productId: "{product}", quantity: 1, userId: "{customer_id}"}) { id } }',
     {"customer"}),
    ("updateOrder", "Mutation",
     'mutation { updateOrder(input: {id: "{order}", status: CANCELLED}, condition: {status: {eq: PENDING}}) { id } }',
     {"staff"}),
]


def fill(document: str, world: dict) -> str:
    for key, value in world.items():
        document = document.replace("{" + key + "}", value)
    return document
