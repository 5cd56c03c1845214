"""Pure workbook builders: rows in, workbook out (openpyxl, write-only)."""
