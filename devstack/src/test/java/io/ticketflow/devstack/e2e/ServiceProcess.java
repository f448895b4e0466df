package io.ticketflow.devstack.e2e;

import io.ticketflow.flow.FlowServiceApplication;
import io.ticketflow.ticket.TicketServiceApplication;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A second instance of ticket-service and flow-service in a JVM of its own, so a test can kill -9 it. Arguments:
 * {@code ticket-service <its args…> ;; flow-service <its args…>}.
 */
public final class ServiceProcess {

    private ServiceProcess() {
    }

    public static void main(String[] args) {
        List<List<String>> groups = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals(";;")) {
                groups.add(current);
                current = new ArrayList<>();
            } else {
                current.add(arg);
            }
        }
        groups.add(current);
        for (List<String> group : groups) {
            String[] serviceArgs = group.subList(1, group.size()).toArray(String[]::new);
            switch (group.get(0)) {
                case "ticket-service" -> TicketServiceApplication.app().run(serviceArgs);
                case "flow-service" -> FlowServiceApplication.app().run(serviceArgs);
                default -> throw new IllegalArgumentException("unknown service " + group.get(0) + " in "
                        + Arrays.toString(args));
            }
        }
        System.out.println("SERVICES STARTED");
    }

    static List<String> command(List<String> ticketArgs, List<String> flowArgs) {
        List<String> command = new ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), ServiceProcess.class.getName(), "ticket-service"));
        command.addAll(ticketArgs);
        command.add(";;");
        command.add("flow-service");
        command.addAll(flowArgs);
        return command;
    }
}
