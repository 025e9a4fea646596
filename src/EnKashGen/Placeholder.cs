namespace EnKashGen { internal static class Placeholder { } }
