package dev.jobprocessor.bootstrap;

/** A setting the service cannot start with; the message is one line naming the variable, the value and the rule. */
public final class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }
}
