package inferlab.jinja;

/**
 * Jinja's default undefined value: what a missing variable, key or attribute evaluates to. It prints as nothing,
 * is false, iterates as empty and has length 0; reading an attribute or item of it is an error naming what was missing.
 */
record Undefined(String name) {
    TemplateException error() {
        return new TemplateException("'" + name + "' is undefined");
    }

    @Override
    public String toString() {
        return "";
    }
}
