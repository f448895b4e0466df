package io.ticketflow.bench;

import java.util.Locale;

/**
 * One measured phase.
 *
 * @param name    as given: {@code closed:8}, {@code open:40}, {@code open:auto}, {@code creates:32}
 * @param kind    closed loop of lifecycles, open loop of lifecycles at a fixed rate, or creates without waiting
 * @param clients concurrent clients (closed loop and creates), or the cap on lifecycles in flight (open loop)
 * @param rate    lifecycles per second for the open loop; 0 = half the best closed-loop rate measured before it
 */
record Scenario(String name, Kind kind, int clients, double rate) {

    enum Kind { CLOSED, OPEN, CREATES }

    static final int OPEN_LOOP_IN_FLIGHT = 256;

    static Scenario parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = name.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("scenario '" + text + "': expected closed:N, open:RATE|auto or creates:N");
        }
        return switch (parts[0]) {
            case "closed" -> new Scenario(name, Kind.CLOSED, positive(text, parts[1]), 0);
            case "creates" -> new Scenario(name, Kind.CREATES, positive(text, parts[1]), 0);
            case "open" -> new Scenario(name, Kind.OPEN, OPEN_LOOP_IN_FLIGHT,
                    parts[1].equals("auto") ? 0 : Double.parseDouble(parts[1]));
            default -> throw new IllegalArgumentException("scenario '" + text + "': unknown kind " + parts[0]);
        };
    }

    private static int positive(String text, String number) {
        int value = Integer.parseInt(number);
        if (value < 1) {
            throw new IllegalArgumentException("scenario '" + text + "': clients must be at least 1");
        }
        return value;
    }

    Scenario withRate(double lifecyclesPerSecond) {
        return new Scenario(name, kind, clients, lifecyclesPerSecond);
    }

    boolean lifecycles() {
        return kind != Kind.CREATES;
    }
}
