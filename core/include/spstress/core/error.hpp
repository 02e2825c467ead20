#pragma once
/// Error types shared by every stage. They are sorted by who has to act: the user (InputError),
/// the developers of a missing feature (UnsupportedError), or the developers of a bug
/// (InternalError). Only `main` catches them and maps them to exit status 2 (input) or 1.

#include <stdexcept>
#include <string>

namespace spstress {

/// Base of all spstress errors.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The user can fix it: a bad path, a malformed file, a scenario value out of range.
/// Messages say where (file, variable or JSON path), what was found and what was expected.
class InputError : public Error {
 public:
  using Error::Error;
};

/// The input is valid but asks for something spstress does not do yet.
class UnsupportedError : public Error {
 public:
  using Error::Error;
};

/// An invariant is broken: a bug in spstress.
class InternalError : public Error {
 public:
  using Error::Error;
};

}  // namespace spstress
