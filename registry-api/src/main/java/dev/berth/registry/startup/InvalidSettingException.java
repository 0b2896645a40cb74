package dev.berth.registry.startup;

/** A setting a person typed that the registry cannot start with: which one, its value, and what to do. */
public final class InvalidSettingException extends RuntimeException {
    private final String setting;
    private final String value;
    private final String fix;

    public InvalidSettingException(String setting, String value, String problem, String fix) {
        super(setting + "=" + value + ": " + problem);
        this.setting = setting;
        this.value = value;
        this.fix = fix;
    }

    public String setting() {
        return setting;
    }

    public String value() {
        return value;
    }

    /** The two lines a person reads: what is wrong, then how to fix it. */
    public String explanation() {
        return "Berth cannot start: " + getMessage() + System.lineSeparator() + "Fix: " + fix;
    }
}
