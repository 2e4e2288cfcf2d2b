// Provides std::ios_base_library_init() for systems whose libstdc++ predates GCC 13 (GLIBCXX_3.4.32).
// TorchSharp's libLibTorchSharp.so was linked against a newer libstdc++ that added this function so
// that <iostream> users initialise the standard streams. On an older libstdc++ the streams are set up
// by std::ios_base::Init, which is exactly what this does. build.ps1 compiles this file and makes
// libLibTorchSharp.so load it only on such systems (see Repair-LibTorchSharp.ps1).
#include <ios>

namespace std
{
    __attribute__((visibility("default"))) void ios_base_library_init()
    {
        static ios_base::Init init;
    }
}
