package dev.jobprocessor.application.archfixture;

import dev.jobprocessor.bootstrap.Main;

/** Bad: the application calls into the wiring that is supposed to build it. */
public final class ApplicationUsingBootstrap {

    private ApplicationUsingBootstrap() {}

    public static void start(String... args) {
        Main.main(args);
    }
}
