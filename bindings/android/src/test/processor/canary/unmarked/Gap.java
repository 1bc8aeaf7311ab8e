package unmarked;

/** Planted for NullabilityCheck: a public class outside any @NullMarked scope. */
public class Gap {
    public String echo(String s) {
        return s;
    }
}
