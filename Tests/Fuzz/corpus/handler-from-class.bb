inherit eh
