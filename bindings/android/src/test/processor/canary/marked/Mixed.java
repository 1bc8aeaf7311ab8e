package marked;

/** Planted for NullabilityCheck: null-marked, but with a foreign nullness annotation. */
public class Mixed {
    public String echo(@NotNull String s) {
        return s;
    }
}
