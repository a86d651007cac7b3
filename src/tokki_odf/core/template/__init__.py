"""The template: its conditions and its model (questions, roles, house style)."""
