"""One module per table family. Each defines RESOURCE (its Table Schema) and build(ctx)."""
