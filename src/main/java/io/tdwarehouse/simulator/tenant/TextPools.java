package io.tdwarehouse.simulator.tenant;

/**
 * The strings of the tenant. Real tenants hold accents, quotes, commas, tabs, newlines, backslashes and emoji
 * in names and descriptions; so does this one, on purpose.
 */
final class TextPools {
    static final String[] FIRST_NAMES = {"Anna", "José", "Zoë", "Łukasz", "Ørjan", "Søren", "Chloé", "Mia",
        "Jan-Willem", "Ngọc", "Ahmed", "Marie \"Mimi\"", "D'Arcy", "Björn", "Émilie", "Kees", "Fatima", "Raúl",
        "Li", "Sanne", "Yusuf", "Eva", "Tom", "Priya", "Olga"};
    static final String[] SUR_NAMES = {"de Vries", "O'Brien", "Müller", "Nguyễn", "García", "Jansen",
        "van den Berg", "Smith, Jr.", "Ångström", "Kowalski", "Bakker\\Visser", "Dupont", "Çelik", "Østergaard",
        "Janssen 😀", "Peters", "Tanaka", "Rossi", "Novák", "Silva", "Hendriks", "Yılmaz", "Schäfer", "Kim",
        "Smit"};
    static final String[] CITIES = {"Delft", "Zürich", "Kraków", "São Paulo", "Москва", "Den Haag", "Köln",
        "Reykjavík", "Málaga", "Tōkyō", "Göteborg", "Besançon", "Łódź", "Malmö", "Leuven", "Antwerpen", "Lyon",
        "Düsseldorf", "Århus", "Utrecht"};
    static final String[] COUNTRIES = {"Nederland", "Schweiz", "Polska", "Brasil", "Россия", "Deutschland",
        "Ísland", "España", "日本", "Sverige", "France", "België"};
    static final String[] BRANCH_KINDS = {"HQ", "Office", "Campus \"Noord\"", "Site, Building 3",
        "Warehouse\tA", "Lab\\Research", "Shop 🏬", "Service desk\nfloor 2"};
    static final String[] DEPARTMENTS = {"Finance", "HR & Payroll", "IT \"Ops\"", "Sales, EMEA", "Legal",
        "R&D", "Facilities", "Customer Care", "Marketing 📣", "Logistics"};
    static final String[] CATEGORIES = {"Hardware", "Software", "Netwerk & Telefonie", "Accounts\tAccess",
        "E-mail, Agenda", "Printers \"MFP\"", "Werkplek\\Desktop", "Beveiliging 🔒", "Facilitair", "Overig"};
    static final String[] SUBCATEGORY_WORDS = {"Laptop", "Monitor", "Licentie", "Wachtwoord", "VPN", "Wi-Fi",
        "Outlook", "Teams", "Toner", "Badge", "Installatie", "Storing", "Aanvraag", "Vraag", "Klacht"};
    static final String[] INCIDENT_STATUS = {"firstLine", "firstLine", "firstLine", "firstLine", "secondLine",
        "secondLine", "secondLine", "partial", "firstLineArchived", "secondLineArchived", "partialArchived"};
    static final String[] SUBJECTS = {"Laptop start niet op", "Cannot log in", "Printer \"MFP-3\" jams",
        "VPN drops every 5 minutes", "Outlook: mailbox full", "Nieuwe medewerker, account aanvragen",
        "Scherm flikkert; kabel vervangen?", "Wachtwoord vergeten", "Teams-call valt weg",
        "Access request: \\\\fileserver\\finance", "Telefoon doet het niet\tmeer", "Wi-Fi op 2e verdieping traag",
        "Licentie verlopen 😕", "Badge werkt niet bij ingang", "Software installeren: R, Python",
        "Error 0x80070005 when saving", "Docking station, geen beeld", "Mail naar 'extern' komt niet aan",
        "Meerdere regels:\nregel 1\nregel 2", "Überstunden-Tool lädt nicht"};

    static final String[][] LOOKUPS = {
        {"IncidentProcessingStatuses", "Logged", "In progress", "Waiting for user", "Waiting for supplier",
            "Scheduled", "Resolved", "Closed", "Cancelled"},
        {"IncidentPriorities", "P1 - Critical", "P2 - High", "P3 - Normal", "P4 - Low", "P5 - Planned"},
        {"IncidentImpacts", "Organisation", "Department", "Group", "Person"},
        {"IncidentUrgencies", "Work stopped", "Work hindered", "Work degraded", "No hindrance"},
        {"IncidentCallTypes", "Storing", "Vraag", "Verzoek", "Klacht", "Compliment", "Melding"},
        {"IncidentEntryTypes", "Telefoon", "E-mail", "Self-Service Portal", "Balie", "Chat", "Monitoring"},
        {"ChangeTypes", "Simple", "Extensive", "Standard", "Emergency"},
        {"ChangeImpacts", "Low", "Medium", "High"},
        {"ChangePriorities", "Urgent", "High", "Normal", "Low", "Planned"},
        {"ChangeProcessingStatuses", "Registered", "Requested", "Approved", "Rejected", "In progress",
            "Implemented", "Evaluated", "Closed"},
    };

    private TextPools() {
    }

    /** The names of a fixed lookup set, or null when the set is not one. */
    static String[] lookupNames(String entitySet) {
        for (String[] lookup : LOOKUPS) {
            if (lookup[0].equals(entitySet)) {
                return java.util.Arrays.copyOfRange(lookup, 1, lookup.length);
            }
        }
        return null;
    }

    /** A description of exactly {@code length} characters: text with accents, emoji and line breaks. */
    static String longText(Rng rng, int length) {
        StringBuilder sb = new StringBuilder(length + 64);
        while (sb.length() < length) {
            sb.append(rng.pick(SUBJECTS)).append(rng.chance(0.2) ? "\r\n" : ". ");
        }
        sb.setLength(length);
        // never end inside a surrogate pair
        if (Character.isHighSurrogate(sb.charAt(length - 1))) {
            sb.setCharAt(length - 1, '.');
        }
        return sb.toString();
    }
}
