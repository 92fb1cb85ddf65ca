package dev.jobprocessor.adapters.http;

/** Small text helpers for messages that echo client input. */
final class Strings {

    private Strings() {}

    /** Client text echoed in a message is cut short so a huge or hostile value cannot bloat a response or a log. */
    static String shorten(String text) {
        String printable = text.codePoints()
                .map(c -> c < 0x20 || c == 0x7F ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
    }
}
