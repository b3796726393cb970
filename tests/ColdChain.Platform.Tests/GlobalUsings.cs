global using ColdChain.Testing;
