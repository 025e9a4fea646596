using System.Runtime.CompilerServices;

// The fast readers are compared with SharpYaml node by node in the unit tests.
[assembly: InternalsVisibleTo("EnKashGen.Tests")]
