param($ModulePath,$OutputPath)
