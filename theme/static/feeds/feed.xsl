<?xml version="1.0" encoding="utf-8"?>
<!-- What a browser shows for an Atom or RSS feed of this site: what a feed is,
     how to subscribe, and the posts. Feed readers ignore it. Only classes and
     external stylesheets: the site's Content-Security-Policy forbids inline styles. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat" indent="yes"/>

  <!-- The site's home page (ends with "/") and this feed's own address, in either format. -->
  <xsl:variable name="site" select="atom:feed/atom:link[@rel='alternate']/@href | rss/channel/link"/>
  <xsl:variable name="self" select="atom:feed/atom:link[@rel='self']/@href | rss/channel/atom:link[@rel='self']/@href"/>
  <xsl:variable name="title" select="atom:feed/atom:title | rss/channel/title"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (web feed)</title>
        <link rel="stylesheet" href="{$site}theme/css/site.css"/>
        <link rel="stylesheet" href="{$site}theme/feeds/feed.css"/>
      </head>
      <body>
        <header class="site-header">
          <div class="wrap">
            <a class="site-name" href="{$site}"><xsl:value-of select="$title"/></a>
          </div>
        </header>
        <main id="main" class="wrap">
          <h1 class="page-title">This is a web feed</h1>
          <div class="feed-notice">
            <p>A web feed lets you follow <xsl:value-of select="$title"/> in a feed reader
              (an app or a website such as NetNewsWire, Feedly or Inoreader): each new column
              appears there as soon as it is published, with no account here and no email.</p>
            <p>To subscribe, copy this address into your feed reader's "Add feed" or "Subscribe" box:</p>
            <p><code class="feed-url"><xsl:value-of select="$self"/></code></p>
            <p><a href="{$site}subscribe/">Every feed of this site</a> ·
              <a href="{$site}">Read the site in your browser</a></p>
          </div>
          <h2>Latest columns in this feed</h2>
          <ul class="feed-posts">
            <xsl:apply-templates select="atom:feed/atom:entry | rss/channel/item"/>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <time datetime="{substring(atom:published, 1, 10)}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
    </li>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <!-- pubDate is "Mon, 29 Oct 2012 09:00:00 -0700": keep "29 Oct 2012". -->
      <time><xsl:value-of select="substring(pubDate, 6, 11)"/></time>
    </li>
  </xsl:template>
</xsl:stylesheet>
