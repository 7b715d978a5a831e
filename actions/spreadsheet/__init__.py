"""A statement of action as a spreadsheet: the template, import and export.

- `template`: the sheets and columns, defined once for the reader, the writer and
  the documentation page.
- `reader`: an uploaded XLSX workbook, or CSV files, into typed rows and problems.
- `plan`: those rows checked against each other and the database, and compared
  with what is there: what would be created, changed or left alone.
- `apply`: a valid plan written in one transaction.
- `writer`: a statement (or the demo example) out as XLSX or CSV.
"""
