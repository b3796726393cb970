using ColdChain.Platform.Commands;

// Runs the platform, or one of its commands (audit verify, users add-admin): see Commands/PlatformCommands.cs.
return await PlatformCommands.RunAsync(args);
