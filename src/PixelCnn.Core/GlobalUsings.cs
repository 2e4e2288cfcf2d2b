// The framework and TorchSharp namespaces nearly every file uses, once for the library; the project's own
// namespaces stay explicit in each file, so a file shows which layers it uses.
global using System;
global using System.Collections.Generic;
global using System.Linq;
global using TorchSharp;
global using static TorchSharp.torch;
