package dev.jobprocessor.application.archfixture;

/** Bad: the application reads the system clock instead of the {@code Clock} port. */
public final class ApplicationReadingMillis {

    private ApplicationReadingMillis() {}

    public static long ageInMillis(long createdAtMillis) {
        return System.currentTimeMillis() - createdAtMillis;
    }
}
