using ColdChain.Platform;

var app = PlatformApp.Create(args);
await app.RunAsync();
