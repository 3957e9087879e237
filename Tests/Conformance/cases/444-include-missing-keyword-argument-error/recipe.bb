require
