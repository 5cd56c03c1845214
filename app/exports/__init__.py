"""Pure format builders for agency outputs: plain data in, XML, XLSX or PDF bytes out."""
