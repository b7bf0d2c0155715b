// The `parley` executable: everything is in the `parley` target; this target
// exists so that the executable alone is linked with the Swift runtime
// statically (Package.swift).
import parley

parleyMain()
