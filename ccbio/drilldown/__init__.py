"""What the park, project and firm pages show: pure functions, query results in, frames out."""
