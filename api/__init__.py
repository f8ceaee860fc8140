"""The shop's GraphQL API, shaped like the AppSync API an Amplify `@model` schema would generate."""
